"""JupyterHub configuration for Frontline on one machine (`make hub` / `frontline hub`).

Everything comes from tools/frontline/hub/ and the FRONTLINE_HUB_* variables it reads
(see the README, "Running for a whole centre"); edit there, not here. The Kubernetes
equivalent is deploy/values.yaml, held to the same groups, roles and services by a test.
"""

from frontline.hub.hubconfig import configure
from frontline.hub.settings import load_settings

configure(get_config(), load_settings())  # type: ignore[name-defined]  # noqa: F821
