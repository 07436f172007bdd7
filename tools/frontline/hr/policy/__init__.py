"""The HR policy (`gradebook/policy.yml`): its types, the checks of each section, and the
`frontline check` findings.
"""
