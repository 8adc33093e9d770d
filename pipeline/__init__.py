"""minsheng: livelihood commitments from government news, as verifiable records.

Stages, one module each, data flowing one way:
read -> normalize -> metadata -> segment -> recognize (rules, then NER) ->
targets -> link -> records -> write. `pipeline.run.extract` runs them for a folder.
"""
