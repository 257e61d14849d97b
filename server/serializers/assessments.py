"""`assessments`, `challenges`, `answers`, `corrections`, `tutorials`, `progressions`,
`feedbacks` (CONTRACT 7.3-7.6, 7.13)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from server.content import Challenge, Tutorial
from server.jsonapi import Included, document, iso_datetime, related, resource, to_many, to_one
from server.models import Answer, Feedback
from server.usecases.student.answers import Correction
from server.usecases.student.assessments import AssessmentProgress, AssessmentWithNextChallenge


def challenge_resource(challenge: Challenge) -> dict[str, Any]:
    """A challenge to play: never its solution. Pix drops absent attributes (`timer` of an
    untimed challenge, `format` of a choice)."""
    attrs: dict[str, Any] = {
        "type": challenge.type.value,
        "instruction": challenge.instruction,
        "proposals": challenge.proposals,
        "competence": challenge.competence_id,
    }
    if challenge.timer is not None:
        attrs["timer"] = challenge.timer
    if challenge.format:
        attrs["format"] = challenge.format
    attrs.update(
        {
            "auto_reply": False,
            "focused": challenge.focused,
            "shuffled": challenge.shuffled,
            "locales": list(challenge.locales),
        }
    )
    return resource("challenges", challenge.id, attrs)


def challenge_document(challenge: Challenge) -> dict[str, Any]:
    return document(challenge_resource(challenge))


def assessment_document(item: AssessmentWithNextChallenge) -> dict[str, Any]:
    """The assessment and its next challenge, which is also *included* (a round trip saved)."""
    progress = item.progress
    assessment = item.where.assessment
    campaign = item.where.campaign
    answers = progress.answers
    next_challenge = item.next_challenge
    data = resource(
        "assessments",
        assessment.id,
        {
            "title": campaign.title,
            "type": assessment.type,
            "state": assessment.state,
            "created_at": iso_datetime(assessment.created_at),
            "code_campaign": campaign.code,
            "has_ongoing_challenge_live_alert": False,
            "has_ongoing_companion_live_alert": False,
            "last_question_state": assessment.last_question_state,
            "competence_id": None,
            "method": assessment.method,
            "has_checkpoints": True,
            "show_levelup": True,
            "show_challenge_stepper": True,
            "show_global_progression": False,
            "global_progression": None,
            "show_question_counter": True,
            "ordered_challenge_ids_answered": [answer.challenge_id for answer in answers],
        },
        {
            "answers": {
                **to_many("answers", (answer.id for answer in answers)),
                **related(f"/api/answers?assessmentId={assessment.id}"),
            },
            "campaign": related(f"/api/campaigns?filter[code]={campaign.code}"),
            "progression": {
                **to_one("progressions", f"progression-{assessment.id}"),
                **related(f"/api/progressions/progression-{assessment.id}"),
            },
            "next_challenge": to_one(
                "challenges", next_challenge.id if next_challenge is not None else None
            ),
        },
    )
    included = [challenge_resource(next_challenge)] if next_challenge is not None else []
    return document(data, included=included)


def answer_resource(answer: Answer) -> dict[str, Any]:
    return resource(
        "answers",
        answer.id,
        {
            "value": answer.value,
            "result": answer.result,
            "result_details": answer.result_details,
            "timeout": answer.timeout,
        },
        {
            "assessment": to_one("assessments", answer.assessment_id),
            "challenge": to_one("challenges", answer.challenge_id),
            "correction": related(f"/api/answers/{answer.id}/correction"),
            # Level-ups are not computed for campaigns (Pix shows them in competence tests).
            "levelup": to_one("levelups", None),
        },
    )


def answer_document(answer: Answer | None) -> dict[str, Any]:
    return document(answer_resource(answer) if answer is not None else None)


def answers_document(answers: Iterable[Answer]) -> dict[str, Any]:
    return document([answer_resource(answer) for answer in answers])


def tutorial_resource(tutorial: Tutorial, skill_id: str) -> dict[str, Any]:
    return resource(
        "tutorials",
        tutorial.id,
        {
            "id": tutorial.id,
            "title": tutorial.title,
            "format": tutorial.format,
            "source": tutorial.source,
            "link": tutorial.link,
            "duration": tutorial.duration,
            "skill_id": skill_id,
        },
    )


def correction_document(correction: Correction) -> dict[str, Any]:
    """Type `corrections` whose id is the *challenge* id, like Pix."""
    included = Included()
    for tutorial in correction.tutorials:
        included.add(tutorial_resource(tutorial, correction.skill.id))
    data = resource(
        "corrections",
        correction.challenge.id,
        {
            "solution": correction.challenge.solution,
            "solution_to_display": correction.solution_to_display,
            "hint": correction.skill.hint or None,
            "answers_evaluation": correction.verdicts.answers_evaluation,
            "solutions_without_good_answers": correction.verdicts.solutions_without_good_answers,
        },
        {
            "tutorials": to_many("tutorials", (tutorial.id for tutorial in correction.tutorials)),
            "learning_more_tutorials": to_many("tutorials", ()),
        },
    )
    return document(data, included=included)


def progression_document(progress: AssessmentProgress) -> dict[str, Any]:
    assessment_id = progress.where.assessment.id
    return document(
        resource(
            "progressions",
            f"progression-{assessment_id}",
            {"completion_rate": progress.completion_rate},
        )
    )


def feedback_document(feedback: Feedback) -> dict[str, Any]:
    return document(
        resource(
            "feedbacks",
            feedback.id,
            {
                "content": feedback.content,
                "category": feedback.category,
                "answer": feedback.answer,
                "created_at": iso_datetime(feedback.created_at),
            },
            {
                "assessment": to_one("assessments", feedback.assessment_id),
                "challenge": to_one("challenges", feedback.challenge_id),
            },
        )
    )
