"""The item-writing check of `frontline check`: cues that let a reader without the
course find the key from the shape of an item (its option lengths, ids, absolute
words, repeated options) or from another item's text (a give-away).

`shape` holds the rules over one item's options (shared with role-play choice steps,
`frontline.roleplay.cues`); `giveaway` compares items across all theory exams;
`bank` reads the raw question and trainer files (per variant when a slot is pooled);
`check` applies the trainer's reasoned waivers and turns findings into errors.
"""
