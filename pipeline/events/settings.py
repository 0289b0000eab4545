"""The knobs of event detection, in one frozen place."""

from __future__ import annotations

from dataclasses import dataclass

DAY_MS = 86_400_000


@dataclass(frozen=True, slots=True)
class EventSettings:
    """How stories are grouped into events.

    A story joins the event of the earlier story it resembles most when the weighted
    sum of the signals reaches ``threshold``; the weights say how much each signal
    counts, scores being in [0, 1] each.
    """

    window_days: float = 3.0  # an event stays open this long after its latest story
    threshold: float = 0.38
    entity_weight: float = 0.4
    keyword_weight: float = 0.15
    words_weight: float = 0.35
    place_weight: float = 0.05
    date_weight: float = 0.05
    # The time gap lowers the sum by up to this share at the window's end.
    gap_penalty: float = 0.3
    # A story joins through shared names or shared title/lead words, never through
    # dates, places or time alone: one of these must reach its floor.
    entity_floor: float = 0.3
    words_floor: float = 0.3
    # A roundup attaches only to the one story it quotes best, and only on this much
    # (nothing joins an event through it: it is never a candidate).
    roundup_threshold: float = 0.38
    # A story joins an event as a whole (its profile: every term of its articles, each
    # weighed by how many hold it) on this much, when ``profile_signals`` independent
    # signals agree and the event's latest article is at most ``profile_gap_days`` old:
    # the profile gathers more than any one story does.
    profile_threshold: float = 0.5
    profile_signals: int = 3
    profile_gap_days: float = 1.0
    # A term counts whole in the profile from this many articles holding it, less below.
    profile_support: float = 2.0
    profile_share: float = 0.5
    # A weighed signal agrees from this score on; names only with this many shared.
    profile_floor: float = 0.3
    profile_names: int = 2
    # What a signal needs in all to score 1 against the profile, in rare terms' worth.
    profile_evidence: float = 4.0
    # The share of its title's words (rarity-weighted) a story must have in the profile.
    profile_title: float = 0.1
    # What the title and lead words no other story of the window has count in the
    # story's share of words shared: a lead's details, shared by none, would else
    # weigh most.
    unseen_words: float = 0.5
    # Two titles on one template: this share of their words in common, numbers aside.
    template_similarity: float = 0.5
    # The newest stories a term brings as candidates, and how many of them, by the
    # rarity of what they share with the story, are compared with it.
    term_cap: int = 32
    candidate_cap: int = 48

    @property
    def window_ms(self) -> int:
        return int(self.window_days * DAY_MS)

    @property
    def profile_gap_ms(self) -> int:
        return int(self.profile_gap_days * DAY_MS)
