"""Keeps a Trainyard local Ray node on loopback (TRAINYARD_RAY_LOOPBACK=1).

`ray start` replaces a loopback --node-ip-address with the machine's reachable address (services.
resolve_ip_for_localhost), and every agent then binds that address or all interfaces. A local
cluster has all its nodes on this machine, so loopback is the address it needs: once Ray's
services module loads, it keeps 127.0.0.1.
"""
import importlib.abc
import importlib.util
import os
import sys

_TARGET = "ray._private.services"


class _KeepLoopback(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path, target=None):
        if name != _TARGET:
            return None
        sys.meta_path.remove(self)
        spec = importlib.util.find_spec(name)
        if spec is None or spec.loader is None:
            return spec
        load = spec.loader.exec_module

        def exec_module(module):
            load(module)
            module.resolve_ip_for_localhost = lambda host: host
            module.node_ip_address_from_perspective = lambda address=None: "127.0.0.1"

        spec.loader.exec_module = exec_module
        return spec


if os.environ.get("TRAINYARD_RAY_LOOPBACK") == "1":
    sys.meta_path.insert(0, _KeepLoopback())
