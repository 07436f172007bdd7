"""Item kinds: what a question of each kind is, in every part of Frontline.

One module per kind (`single`, `multiple`, `ordering`, `matching`), each one object
implementing `base.ItemKind`; `registry.KINDS` lists them. Code that depends on a
question's kind asks `registry.kind_of(question.kind)` and never compares kind
names itself.
"""
