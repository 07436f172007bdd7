"""HR: the policy, the inputs it is applied to, and the rules that turn scores into tiers
and decisions.
"""
