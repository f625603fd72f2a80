"""Advisory-board review: versions, board, verdicts, sign-off, computed status, the event log.

Content flows in as hashes (:mod:`.versions`), people's actions flow in as events (:mod:`.model`,
:mod:`.store`), and :mod:`.status` computes the one status every page shows from both.
"""
