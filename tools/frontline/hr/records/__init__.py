"""Training records for HR: what each trainee worked through, sat and attended.

Read-only over the trainees' own progress files (`progress_reader`), the
gradebook (`sittings`) and the attendance store (`attendance`); assembled by
`record` and written for an HR system by `export`.
"""
