"""Training and running the text models: our own model file, scored with numpy alone.

scikit-learn fits the models (`training.fit_classifier`) but is never imported when the engine
triages, so a cold start stays fast and the triage path depends on numpy only.
"""
