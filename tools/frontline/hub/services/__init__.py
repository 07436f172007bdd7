"""JupyterHub services of Frontline (each runs as its own process, started by the hub)."""
