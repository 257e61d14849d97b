"""A teacher follows a campaign (CONTRACT §5, §6; DOMAIN §4.3, §7, §8): who takes part and
where they are, the results they shared, the class's results, activity charts, CSV exports.

Data protection, as this server reads it: results (mastery rates, per competence figures,
profiles) are only ever shown for participations the learner SHARED; before that Orga sees
who takes part, their status and progression, nothing of what they answered.
"""
