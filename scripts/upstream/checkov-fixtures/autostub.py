"""Import hook for running checkov's own code where its dependencies cannot be installed.

A module that checkov imports and that is not installed becomes a stub, so checkov's modules import.
Once checkov is loaded (`ALLOW_IMPORT_TIME = False`), any use of a stub raises StubTouched, a
BaseException so that checkov's own `except Exception` cannot swallow it: a check whose code needs a
missing dependency fails loudly instead of giving a result that is not checkov's. Modules imported
by non-checkov code are never stubbed (their own optional-import fallbacks keep working).
"""
import importlib.abc, importlib.machinery, sys, types

# Never stubbed: checkov itself, and optional modules whose absence other libraries expect.
REAL_PREFIXES = ("checkov", "awscrt", "_winapi", "msvcrt", "org")

class StubTouched(BaseException):
    """Code used a dependency that is not installed here: its result is not checkov's."""

ALLOW_IMPORT_TIME = True  # set False once checkov is imported: from then on any use of a stub raises

class _Anything:
    def __init__(self, name="stub"): self._n = name
    def _touch(self):
        if not ALLOW_IMPORT_TIME: raise StubTouched(self._n)
    def __getattr__(self, k):
        if k.startswith("__") and k.endswith("__"): raise AttributeError(k)
        return _Anything(f"{self._n}.{k}")
    def __call__(self, *a, **k): self._touch(); return _Anything(f"{self._n}()")
    def __mro_entries__(self, bases): return (object,)
    def __iter__(self): self._touch(); return iter(())
    def __bool__(self): self._touch(); return False
    def __or__(self, o): return self
    def __ror__(self, o): return o
    def __eq__(self, o): self._touch(); return False
    def __hash__(self): return id(self)
    def __getitem__(self, k): self._touch(); return _Anything(f"{self._n}[]")

class StubModule(types.ModuleType):
    __path__ = []
    def __getattr__(self, k):
        if k.startswith("__") and k.endswith("__"): raise AttributeError(k)
        return _Anything(f"{self.__name__}.{k}")

class Finder(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    stubbed = set()
    def find_spec(self, name, path, target=None):
        if name.split(".")[0] in REAL_PREFIXES: return None
        f = sys._getframe(1)
        while f and (f.f_globals.get("__name__", "").startswith(("importlib", "_frozen_importlib")) or f.f_code.co_filename.startswith("<frozen")):
            f = f.f_back
        importer = f.f_globals.get("__name__", "") if f else ""
        if not importer.startswith("checkov") and not (importer in Finder.stubbed or importer.split(".")[0] in {n.split(".")[0] for n in Finder.stubbed}):
            return None
        for f in sys.meta_path:
            if f is self: continue
            try:
                spec = f.find_spec(name, path, target)
            except Exception:
                spec = None
            if spec is not None: return None
        Finder.stubbed.add(name)
        return importlib.machinery.ModuleSpec(name, self, is_package=True)
    def create_module(self, spec): return StubModule(spec.name)
    def exec_module(self, module): pass

sys.meta_path.append(Finder())
