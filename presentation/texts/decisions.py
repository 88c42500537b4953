"""Texts of the decision options and the money at stake (executive page, board pack, decision log)."""

import re

TEXTS: dict[str, dict[str, str]] = {
    "decide.at_stake": {"en": "Total at stake", "fr": "Total en jeu"},
    "decide.at_stake.help": {
        "en": "What the delays of the roadmap items not delivered yet cost: extra team time plus the value not "
              "earned ({extra} + {delay}).",
        "fr": "Ce que coûtent les retards des chantiers pas encore livrés : temps d'équipe en plus et valeur non "
              "réalisée ({extra} + {delay}).",
    },
    "decide.at_stake.change": {"en": "{change} since “{board}” ({date})", "fr": "{change} depuis « {board} » ({date})"},
    "decide.at_stake.same": {"en": "unchanged since “{board}” ({date})", "fr": "inchangé depuis « {board} » ({date})"},
    "decide.at_stake.first": {"en": "No earlier board to compare with yet.",
                              "fr": "Pas encore de comité précédent avec lequel comparer."},
    "decide.options": {"en": "The choices", "fr": "Les choix possibles"},
    "decide.none": {"en": "No option computed for this item (it has no target date or no forecast).",
                    "fr": "Aucune option calculée pour ce chantier (pas de date cible ou pas de prévision)."},
    "decide.kind.move_target": {"en": "Move the date", "fr": "Décaler la date"},
    "decide.kind.cut_scope": {"en": "Cut scope", "fr": "Réduire le périmètre"},
    "decide.kind.add_capacity": {"en": "Add capacity", "fr": "Renforcer l'équipe"},
    "decide.kind.unblock": {"en": "Unblock upstream", "fr": "Débloquer l'amont"},
    "decide.not_possible": {"en": "Not possible", "fr": "Impossible"},
    "decide.lands_by": {"en": "Lands by {date}", "fr": "Livré d'ici le {date}"},
    "decide.lands_around": {"en": "Lands around {date}", "fr": "Livré vers le {date}"},
    "decide.chance": {"en": "{chance} chance of {date}", "fr": "{chance} de chances pour le {date}"},
    "decide.effect.delay": {"en": "Accepts the delay's cost: {amount}", "fr": "Accepte le coût du retard : {amount}"},
    "decide.effect.saves": {"en": "Saves {amount}", "fr": "Économise {amount}"},
    "decide.effect.costs": {"en": "Costs {amount} more", "fr": "Coûte {amount} de plus"},
    "decide.effect.none": {"en": "No € effect", "fr": "Sans effet en €"},
    "decide.effect.pace": {"en": "(+{increase}% pace, {amount} a week)",
                           "fr": "(+{increase} % de rythme, {amount} par semaine)"},
    "decide.moves": {"en": "Also moves: {items}", "fr": "Décale aussi : {items}"},
    "decide.moves.none": {"en": "Moves no other item", "fr": "Ne décale aucun autre chantier"},
    "decide.lender": {"en": "{team} could lend the pace.", "fr": "{team} pourrait prêter ce rythme."},
    "decide.move.later": {"en": "{name} {duration} later", "fr": "{name} {duration} plus tard"},
    "decide.move.earlier": {"en": "{name} {duration} earlier", "fr": "{name} {duration} plus tôt"},
    # ------------------------------------------------------------------------- recording and following a decision
    "decide.record.option": {"en": "Option chosen (optional)", "fr": "Option retenue (facultative)"},
    "decide.record.none": {"en": "— none: describe the decision below —",
                           "fr": "— aucune : décrivez la décision ci-dessous —"},
    "decide.what.cut_scope": {"en": "cut {count} pieces of work from {name}",
                              "fr": "retirer {count} tâches de {name}"},
    "decide.what.cut_scope_one": {"en": "cut 1 piece of work from {name}", "fr": "retirer 1 tâche de {name}"},
    "decide.what.add_capacity": {"en": "add {increase}% pace to {name}",
                                 "fr": "accélérer {name} de {increase} %"},
    "decide.what.move_target": {"en": "move {name} to {date}", "fr": "décaler {name} au {date}"},
    "decide.what.unblock": {"en": "unblock {name} by landing {upstream} on target",
                            "fr": "débloquer {name} en tenant la date de {upstream}"},
    "decide.followup.head": {"en": "Decided {date}: {what} (owner: {owner}).",
                             "fr": "Décidé le {date} : {what} (responsable : {owner})."},
    "decide.followup.due": {"en": "Due {date}.", "fr": "Échéance : {date}."},
    "decide.followup.since": {"en": "Since: {facts}.", "fr": "Depuis : {facts}."},
    "decide.followup.gone": {"en": "The item is no longer on the roadmap.",
                             "fr": "Le chantier n'est plus dans la feuille de route."},
    "decide.followup.cut": {"en": "{count} pieces of work cut", "fr": "{count} tâches retirées"},
    "decide.followup.cut_one": {"en": "1 piece of work cut", "fr": "1 tâche retirée"},
    "decide.followup.target_set": {"en": "target now {date}", "fr": "date cible désormais au {date}"},
    "decide.followup.target_not_set": {"en": "target not moved to {date} yet",
                                       "fr": "date cible pas encore décalée au {date}"},
    "decide.followup.forecast": {"en": "forecast {date}", "fr": "prévu le {date}"},
    "decide.followup.status.green": {"en": "on track", "fr": "dans les temps"},
    "decide.followup.status.amber": {"en": "at risk", "fr": "à risque"},
    "decide.followup.status.red": {"en": "late", "fr": "en retard"},
    "decide.followup.status.no target": {"en": "no target date", "fr": "sans date cible"},
    "decide.followup.status.delivered": {"en": "delivered", "fr": "livré"},
    # ------------------------------------------------------------------------- board pack page
    "pack.options": {"en": "Decisions to take", "fr": "Décisions à prendre"},
    "pack.options.intro": {
        "en": "Each item at risk with its choices, computed on the same replays as its forecast.",
        "fr": "Chaque chantier à risque avec ses choix, calculés sur les mêmes essais que sa prévision.",
    },
    "decide.col.option": {"en": "Option", "fr": "Option"},
    "decide.col.date": {"en": "Date", "fr": "Date"},
    "decide.col.chance": {"en": "Chance", "fr": "Probabilité"},
    "decide.col.effect": {"en": "€ effect", "fr": "Effet en €"},
    "decide.col.moves": {"en": "Who else moves", "fr": "Autres chantiers décalés"},
    "pack.options.none": {"en": "No item needs a decision.", "fr": "Aucun chantier n'appelle de décision."},
}

# French typography: a no-break space before ":", ";", "?", "!" and "%" keeps the sign on its word's line.
for _texts in TEXTS.values():
    _texts["fr"] = re.sub(r" ([:;?!%])", "\u00a0\\1", _texts["fr"])
