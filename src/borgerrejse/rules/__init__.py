"""The rule language (CEL) and its evaluator. Pure Python: no Django, no other app."""
