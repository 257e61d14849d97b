"""Following a campaign in Pix Orga: Activité, Participants, Résultats collectifs, one
participant, the CSV export (the tabs of `campaign_detail.py`)."""
