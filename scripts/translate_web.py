"""Fill the French catalogue of the hub and compile it (run after `makemessages -l fr`).

    cd src/palermo_web && django-admin makemessages -l fr --no-location
    python scripts/translate_web.py

The French text lives here so that a regenerated catalogue keeps it; a message with no
French here is reported and left empty (Django then shows the English).
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

PO = (
    Path(__file__).resolve().parents[1]
    / "src/palermo_web/locale/fr/LC_MESSAGES/django.po"
)

FR: dict[str, str] = {
    "User name": "Nom d'utilisateur",
    "Password": "Mot de passe",
    "Six-digit code": "Code à six chiffres",
    "Token name": "Nom du jeton",
    "E-mail": "Courriel",
    "Role": "Rôle",
    "Organisation": "Organisation",
    "Initial password": "Mot de passe initial",
    "This user name is taken.": "Ce nom d'utilisateur est déjà pris.",
    "This role acts for one organisation.": "Ce rôle agit pour une organisation.",
    "Organisation created.": "Organisation créée.",
    "User created.": "Utilisateur créé.",
    "Two-factor authentication was reset.": "L'authentification à deux facteurs a été réinitialisée.",
    "You cannot deactivate yourself.": "Vous ne pouvez pas vous désactiver vous-même.",
    "Submitter": "Déposant",
    "Analyst": "Analyste",
    "Caseworker": "Chargé de dossiers",
    "Administrator": "Administrateur",
    "Too many failed attempts. Try again in %(minutes)d minutes.": "Trop d'essais échoués. Réessayez dans %(minutes)d minutes.",
    "Wrong user name or password.": "Nom d'utilisateur ou mot de passe incorrect.",
    "This code is not right. Try the current one.": "Ce code n'est pas bon. Essayez le code actuel.",
    "The token is revoked.": "Le jeton est révoqué.",
    "read": "lecture",
    "create": "création",
    "update": "modification",
    "delete": "suppression",
    "download": "téléchargement",
    "export": "export",
    "log in": "connexion",
    "failed log-in": "connexion échouée",
    "log out": "déconnexion",
    "access denied": "accès refusé",
    "unknown": "inconnu",
    "nationals": "nationaux",
    "other EU": "autres UE",
    "non-EU": "hors UE",
    "Persons by sex": "Personnes par sexe",
    "Persons by age group": "Personnes par groupe d'âge",
    "Persons by citizenship": "Personnes par nationalité",
    "Persons by form of exploitation": "Personnes par forme d'exploitation",
    "victim records": "enregistrements de victimes",
    "persons": "personnes",
    "Estimated total with its interval": "Total estimé avec son intervalle",
    "Records and persons": "Enregistrements et personnes",
    "Trend over the years": "Évolution sur les années",
    "Kind of records": "Type d'enregistrements",
    "Reference period (year)": "Période de référence (année)",
    "Reference period": "Période de référence",
    "File (CSV, Excel, JSON or Parquet)": "Fichier (CSV, Excel, JSON ou Parquet)",
    "Read it with our saved mapping": "Le lire avec notre correspondance enregistrée",
    "Mapping (YAML)": "Correspondance (YAML)",
    "Victims": "Victimes",
    "Suspects and offenders": "Suspects et auteurs",
    "Proceedings": "Procédures",
    "accepted": "accepté",
    "unchanged (same file)": "inchangé (même fichier)",
    "rejected": "rejeté",
    "The file is larger than the limit of %(mb)d MB.": "Le fichier dépasse la limite de %(mb)d Mo.",
    "This is not a CSV, Excel (XLSX), JSON or Parquet file (%(why)s).": "Ce n'est pas un fichier CSV, Excel (XLSX), JSON ou Parquet (%(why)s).",
    "The mapping is saved.": "La correspondance est enregistrée.",
    "queued": "en attente",
    "running": "en cours",
    "succeeded": "réussi",
    "failed": "échoué",
    "Your account": "Votre compte",
    "API tokens": "Jetons d'API",
    "A token lets a program submit files for your organisation. Send it as the header Authorization: Bearer TOKEN. It is shown only once.": "Un jeton permet à un programme de déposer des fichiers pour votre organisation. Envoyez-le dans l'en-tête Authorization: Bearer JETON. Il n'est affiché qu'une fois.",
    "New token": "Nouveau jeton",
    "Name": "Nom",
    "Starts with": "Commence par",
    "Created": "Créé",
    "Last used": "Dernier usage",
    "Revoke": "Révoquer",
    "No tokens.": "Aucun jeton.",
    "Create a token": "Créer un jeton",
    "Log in": "Se connecter",
    "Organisations": "Organisations",
    "Id": "Identifiant",
    "Id (used in records)": "Identifiant (repris dans les enregistrements)",
    "Type": "Type",
    "Country": "Pays",
    "Country (ISO code)": "Pays (code ISO)",
    "No organisations yet.": "Aucune organisation pour l'instant.",
    "New organisation": "Nouvelle organisation",
    "Create": "Créer",
    "Two-factor authentication": "Authentification à deux facteurs",
    "Your role sees the whole country's data, so it needs a second factor. Scan this code with an authenticator app (or type the key), then enter the six-digit code it shows.": "Votre rôle voit les données de tout le pays : il lui faut un second facteur. Scannez ce code avec une application d'authentification (ou saisissez la clé), puis entrez le code à six chiffres qu'elle affiche.",
    "Key": "Clé",
    "Enter the six-digit code from your authenticator app.": "Entrez le code à six chiffres de votre application d'authentification.",
    "Confirm": "Confirmer",
    "Users": "Utilisateurs",
    "Active": "Actif",
    "yes": "oui",
    "no": "non",
    "Deactivate": "Désactiver",
    "Activate": "Activer",
    "Reset two-factor": "Réinitialiser le second facteur",
    "New user": "Nouvel utilisateur",
    "Audit log": "Journal d'audit",
    "Who": "Qui",
    "Action": "Action",
    "any": "toutes",
    "Object": "Objet",
    "From": "Depuis",
    "To": "Jusqu'au",
    "Filter": "Filtrer",
    "Export CSV": "Exporter en CSV",
    "When": "Quand",
    "What": "Quoi",
    "No events.": "Aucun événement.",
    "Main": "Principal",
    "Submissions": "Soumissions",
    "Runs": "Traitements",
    "Dashboard": "Tableau de bord",
    "Log out": "Se déconnecter",
    "No run has finished yet. Start the annual run of a period to see its figures here.": "Aucun traitement n'est encore terminé. Lancez le traitement annuel d'une période pour en voir les chiffres ici.",
    "Dashboard %(period)s": "Tableau de bord %(period)s",
    "Reference period %(period)s": "Période de référence %(period)s",
    "run v%(version)s, finished %(when)s": "traitement v%(version)s, terminé le %(when)s",
    "counts from 1 to %(t)s minus one are suppressed": "les effectifs de 1 à %(t)s moins un sont masqués",
    "suppressed": "masqué",
    "observed": "observé",
    "persons (after linkage)": "personnes (après appariement)",
    "estimated total": "total estimé",
    "Linkage has not run for this period: the charts count victim records, and a person registered by several organisations is counted once per record.": "L'appariement n'a pas tourné pour cette période : les graphiques comptent des enregistrements de victimes, et une personne enregistrée par plusieurs organisations compte une fois par enregistrement.",
    "Linkage quality": "Qualité de l'appariement",
    "Estimated total": "Total estimé",
    "The band is the interval; the line the estimate; the dot the persons observed.": "La bande est l'intervalle ; le trait, l'estimation ; le point, les personnes observées.",
    "No estimate for this period yet.": "Pas encore d'estimation pour cette période.",
    "Version": "Version",
    "Records": "Enregistrements",
    "File": "Fichier",
    "Submitted": "Déposé",
    "Identities encoded": "Identités encodées",
    "Linkage key fingerprint": "Empreinte de la clé de couplage",
    "Warnings": "Avertissements",
    "Versions": "Versions",
    "Row": "Ligne",
    "Column": "Colonne",
    "Value": "Valeur",
    "Code": "Code",
    "Severity": "Gravité",
    "Problem": "Problème",
    "Submit a file": "Déposer un fichier",
    "Templates": "Modèles",
    "victims": "victimes",
    "suspects": "suspects",
    "proceedings": "procédures",
    "Our mappings": "Nos correspondances",
    "Period": "Période",
    "Stored versions": "Versions enregistrées",
    "Kind": "Type",
    "Status": "Statut",
    "Nothing submitted yet.": "Rien n'a encore été déposé.",
    "Latest uploads": "Derniers dépôts",
    "Outcome": "Résultat",
    "No uploads yet.": "Aucun dépôt pour l'instant.",
    "Mapping": "Correspondance",
    "Mapping of %(name)s for %(kind)s": "Correspondance de %(name)s pour les %(kind)s",
    "The mapping says how your columns and values translate into the common standard. Uploads of this kind are read with it.": "La correspondance dit comment vos colonnes et vos valeurs se traduisent dans le standard commun. Les dépôts de ce type sont lus avec elle.",
    "Download": "Télécharger",
    "saved %(when)s by %(who)s": "enregistrée le %(when)s par %(who)s",
    "Save": "Enregistrer",
    "For %(name)s. The file is checked at once; it is accepted or rejected whole, and a new file for the same kind and period becomes a new version.": "Pour %(name)s. Le fichier est vérifié aussitôt ; il est accepté ou rejeté en entier, et un nouveau fichier pour le même type et la même période devient une nouvelle version.",
    "Check and submit": "Vérifier et déposer",
    "The file was rejected whole: nothing was stored. Correct the problems below and submit it again.": "Le fichier a été rejeté en entier : rien n'a été enregistré. Corrigez les problèmes ci-dessous et déposez-le à nouveau.",
    "See the stored version": "Voir la version enregistrée",
    "Run": "Traitement",
    "Run of %(period)s, version %(version)s": "Traitement de %(period)s, version %(version)s",
    "stage": "étape",
    "Stage": "Étape",
    "See the dashboard": "Voir le tableau de bord",
    "Outputs": "Résultats",
    "Bytes": "Octets",
    "Pipeline runs": "Traitements",
    "Started by": "Lancé par",
    "Requested": "Demandé",
    "No runs yet.": "Aucun traitement pour l'instant.",
    "Start the annual run": "Lancer le traitement annuel",
    "Links the period's current submissions, builds the tables and estimates the hidden total, as far as those steps are available. It runs in the background.": "Apparie les soumissions en vigueur de la période, produit les tableaux et estime le total caché, dans la mesure où ces étapes sont disponibles. Il tourne en arrière-plan.",
    "Start the run": "Lancer le traitement",
    "Current": "En vigueur",
    "Superseded": "Remplacée",
    "Victims": "Victimes",
    "Suspects and offenders": "Suspects et auteurs",
    "Proceedings": "Procédures",
    # Dashboard: the linkage quality in words, the suppression rule.
    "observed": "observées",
    "Victim records": "Enregistrements de victimes",
    "Persons after linkage": "Personnes après appariement",
    "Records per person": "Enregistrements par personne",
    "Persons recorded more than once": "Personnes enregistrées plus d'une fois",
    "Persons recorded by several organisations": "Personnes enregistrées par plusieurs organisations",
    "Linkage mode": "Mode d'appariement",
    "Expected precision": "Précision attendue",
    "Expected recall": "Rappel attendu",
    "Pairs left for clerical review": "Paires laissées à l'examen manuel",
    "Model": "Modèle",
    "Measured precision": "Précision mesurée",
    "Measured recall": "Rappel mesuré",
    "True persons": "Personnes réelles",
    "plain (identities in clear)": "en clair (identités lisibles)",
    "encoded (keyed encodings)": "encodé (encodages à clé)",
    "untrained (too few records): a rough count": "non entraîné (trop peu d'enregistrements) : un décompte approximatif",
    "%(share)s%%": "%(share)s\u00a0%%",
    "counts from 1 to %(n)s are suppressed": "les effectifs de 1 à %(n)s sont masqués",
    # Error pages.
    "Page not found": "Page introuvable",
    "There is nothing here, or nothing you may see. The link may be out of date, or the item may have been removed.": "Il n'y a rien ici, ou rien que vous puissiez voir. Le lien est peut-être périmé, ou l'élément a été supprimé.",
    "Not allowed": "Accès non autorisé",
    "Your role does not give access to this page. If you need it, ask an administrator of the hub.": "Votre rôle ne donne pas accès à cette page. Si vous en avez besoin, demandez-le à un administrateur de la plateforme.",
    "The form has expired": "Le formulaire a expiré",
    "The hub could not check that this form came from its own page, so nothing was done. This happens when a page stays open for long, after logging in again elsewhere, or when the browser refuses cookies.": "La plateforme n'a pas pu vérifier que ce formulaire venait de l'une de ses pages : rien n'a été fait. Cela arrive quand une page reste longtemps ouverte, après une nouvelle connexion ailleurs, ou quand le navigateur refuse les cookies.",
    "Go back, reload the page and send the form again.": "Revenez en arrière, rechargez la page et envoyez de nouveau le formulaire.",
    "Back to the home page": "Retour à l'accueil",
    "Server error": "Erreur du serveur",
    "Something went wrong on the hub. The error has been logged. Try again in a moment; if it happens again, tell an administrator of the hub.": "Une erreur s'est produite sur la plateforme. Elle a été journalisée. Réessayez dans un instant ; si elle se reproduit, prévenez un administrateur de la plateforme.",
    # Account page and administrators' users page.
    "Your role uses the hub and its API through this logged-in session, with your second factor. API tokens are only for the programs of submitting organisations.": "Votre rôle utilise la plateforme et son API par cette session connectée, avec votre second facteur. Les jetons d'API sont réservés aux programmes des organisations qui déposent des fichiers.",
    "locked after failed log-ins": "bloqué après des connexions échouées",
    "Unlock": "Débloquer",
    "The account is unlocked.": "Le compte est débloqué.",
    # Run page, linkage threshold, clerical decisions, audit.
    "Match threshold (probability)": "Seuil d'appariement (probabilité)",
    "Clerical decisions applied": "Décisions manuelles appliquées",
    "Check and store": "Vérifier et enregistrer",
    "Clerical decisions": "Décisions manuelles",
    "Clerical decisions (CSV)": "Décisions manuelles (CSV)",
    "Clerical decisions (same / not same) applied by later runs": "Décisions manuelles (même personne / personnes différentes) appliquées par les traitements suivants",
    "Clerical decisions for %(period)d stored: later runs apply them.": "Décisions manuelles de %(period)d enregistrées : les traitements suivants les appliquent.",
    "Every later run of the period applies them over the model: a pair decided the same is linked whatever its score; a pair decided not the same is never put in one person. A new file replaces the period's earlier one.": "Chaque traitement suivant de la période les applique par-dessus le modèle : une paire jugée être la même personne est appariée quel que soit son score ; une paire jugée différente n'est jamais réunie en une personne. Un nouveau fichier remplace le précédent de la période.",
    "Linkage threshold": "Seuil d'appariement",
    "Match probability at which two records are taken for one person (0.5 to 0.999). Higher: fewer, surer links.": "Probabilité de correspondance à partir de laquelle deux enregistrements sont tenus pour une même personne (0,5 à 0,999). Plus haut : des liens moins nombreux et plus sûrs.",
    "Missing column(s): %(columns)s.": "Colonne(s) manquante(s) : %(columns)s.",
    "No clerical decisions yet.": "Aucune décision manuelle pour l'instant.",
    "Not the same": "Différentes",
    "Row %(row)d, column %(column)s: empty.": "Ligne %(row)d, colonne %(column)s : vide.",
    "Row %(row)d, column decision: expected same or not_same.": "Ligne %(row)d, colonne decision : same ou not_same attendu.",
    "Same": "Même personne",
    "The file is larger than %(mb)d MB.": "Le fichier dépasse %(mb)d Mo.",
    "The review pairs file with its decision column filled with same or not_same (source_l, record_id_l, source_r, record_id_r, decision).": "Le fichier des paires à revoir, sa colonne decision remplie de same ou not_same (source_l, record_id_l, source_r, record_id_r, decision).",
    "This file cannot be read as CSV.": "Ce fichier ne peut pas être lu comme un CSV.",
    "Upload decisions for a period": "Déposer les décisions d'une période",
    "Uploaded": "Déposé",
    "Uploaded by": "Déposé par",
    "dashboard": "tableau de bord",
    "dashboard stored": "tableau de bord enregistré",
    "estimate": "estimation",
    "estimate written": "estimation écrite",
    "linkage": "appariement",
    "no estimate: %(reason)s": "pas d'estimation : %(reason)s",
    "persons linked": "personnes appariées",
    "reading the records": "lecture des enregistrements",
    "skipped: nothing to work on": "sautée : rien à traiter",
    "tables": "tableaux",
    "tables written": "tableaux écrits",
    "the worker stopped": "le traitement s'est interrompu",
    "… and %(n)d more.": "… et %(n)d de plus.",
}

FR_PLURAL: dict[str, tuple[str, str]] = {
    "%(rows)s record accepted.": (
        "%(rows)s enregistrement accepté.",
        "%(rows)s enregistrements acceptés.",
    ),
    "%(n)s problem": ("%(n)s problème", "%(n)s problèmes"),
    "%(count)d record read": (
        "%(count)d enregistrement lu",
        "%(count)d enregistrements lus",
    ),
    "%(count)d person after linkage": (
        "%(count)d personne après appariement",
        "%(count)d personnes après appariement",
    ),
}


# The cases pages keep their French in their own file.
sys.path.insert(0, str(Path(__file__).resolve().parent))
from translate_cases import FR_CASES  # noqa: E402

FR = {**FR, **FR_CASES}


def main() -> int:
    with PO.open("rb") as handle:
        catalog = read_po(handle, locale="fr")
    missing = []
    for message in catalog:
        if not message.id:
            continue
        if isinstance(message.id, tuple):
            plural = FR_PLURAL.get(message.id[0])
            if plural:
                message.string = plural
            else:
                missing.append(message.id[0])
        elif message.id in FR:
            message.string = FR[message.id]
        else:
            missing.append(message.id)
        message.flags.discard("fuzzy")
    with PO.open("wb") as handle:
        write_po(handle, catalog, width=88, omit_header=False)
    with PO.with_suffix(".mo").open("wb") as handle:
        write_mo(handle, catalog)
    for message_id in missing:
        print(f"no French for: {message_id!r}", file=sys.stderr)  # noqa: T201
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
