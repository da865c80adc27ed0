"""Development tooling: the local Elasticsearch node for tests and benchmarks
(``python -m tools.localnode``) and the generator of the PDF test fixtures
(``python -m tools.make_fixtures``). Not shipped in the wheel; seoji never imports it.
"""
