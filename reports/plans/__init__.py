"""Transformation plans as data: a system's (or, shorter, an organisation's) plan for a round.

- `models`: plans, their versions (a draft, or agreed and then never changed), targets per
  success measure, actions, and the append-only history;
- `proposal`: the first draft proposed from the data (targets, actions from the gaps, in order:
  foundations first by the framework's `depends_on`, then gap times weight);
- `services`: every write (keyword-only, atomic, raising `config.errors.DomainError`);
- `selectors`: the reads pages and documents share; `forms`: what a POST means;
- `basis`: the approved data a version's figures came from, and what changed since;
  `refresh`: taking a draft's figures again from the approved data (audit-logged).

Who may read and change a plan is the access policy's (`assessments.access`, "transformation
plans").
"""
