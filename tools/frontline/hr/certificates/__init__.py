"""Certificates for an excellent tier or a completed onboarding programme (standard
section 1: excellent -> commendation and a certificate), each with a verification
code that `frontline certificate verify` checks against the decision record."""
