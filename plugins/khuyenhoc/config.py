"""Settings with their defaults declared once, in a table at the top of each plugin.

    SETTINGS = setting_table(STATS_DATA_PATH="data/thong-ke", STATS_DEFAULT_UNIT="Toàn tỉnh")
    options = SETTINGS.read(generator.settings)
    options.STATS_DATA_PATH

``read`` takes each setting from Pelican's settings when it is there, else the table's default, so
a default is written in exactly one place, and a misspelt name is an AttributeError, not a silent
``settings.get`` of nothing.
"""

from __future__ import annotations

import copy
from types import MappingProxyType, SimpleNamespace

__all__ = ["SettingTable", "setting_table"]


class SettingTable:
    def __init__(self, defaults: dict):
        self.defaults = MappingProxyType(dict(defaults))

    def read(self, settings) -> SimpleNamespace:
        """The table's settings as attributes: Pelican's value where set, else the default."""
        values = {
            name: settings[name] if name in settings else copy.deepcopy(default)
            for name, default in self.defaults.items()
        }
        return SimpleNamespace(**values)

    def __iter__(self):
        return iter(self.defaults)


def setting_table(**defaults) -> SettingTable:
    return SettingTable(defaults)
