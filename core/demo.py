"""The demo-data hook registry. Each app adds its own demo data by registering a function
`hook(funder, round)` from its `AppConfig.ready()`; `grants.demo.seed()` makes the funders,
people and rounds and then calls every hook in the order the apps are installed."""

_HOOKS: list = []


def register_demo(hook):
    """Register `hook(funder, round)`; registering the same function again does nothing."""
    if hook not in _HOOKS:
        _HOOKS.append(hook)
    return hook


def demo_hooks():
    return list(_HOOKS)
