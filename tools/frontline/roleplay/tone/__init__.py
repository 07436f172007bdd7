"""The tone model: a second reader of typed replies, learnt from labelled replies, for
rude replies phrased in words the phrase lists do not hold (see `model.py`)."""
