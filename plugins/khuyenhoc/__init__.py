"""What the site's plugins share. Not a plugin: every plugin imports it explicitly.

- ``errors``: ``EditorError`` and the one channel that reports editors' mistakes and stops a build;
- ``sources``: the source line a value came from;
- ``yamlfile``: editors' YAML, parsed safely with the line of every value;
- ``formatting``: Vietnamese numbers and dates (Babel), the only place that formats them;
- ``dates``: dates as Vietnamese editors write them, day first (08/02/2024), the only place that reads them;
- ``text``: HTML to plain text;
- ``palette``: the site's colours, read from the theme's stylesheet;
- ``config``: each plugin's settings and their defaults, declared once;
- ``site``: the site's ``Pelican`` class, which refuses to build without a plugin it was asked for.

Installed into the project's virtual environment (``pip install -e .``, done by ``make``), so any
process imports it by name: Pelican, its worker processes, the tests and the scripts.
"""


def __getattr__(name):
    # PELICAN_CLASS = "khuyenhoc.Site": Pelican imports the package and takes the class from it.
    if name == "Site":
        from .site import Site

        return Site
    raise AttributeError(name)
