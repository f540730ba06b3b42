"""Production: overrides pelicanconf.py only where the published site differs."""

import os
import sys
from pathlib import Path

sys.path.append(str(Path(__file__).resolve().parent))
from pelicanconf import *  # noqa: F403

# The address the site is published at; set SITEURL in the environment to publish elsewhere.
SITEURL = os.environ.get("SITEURL", PUBLIC_URL)  # noqa: F405
PUBLIC_URL = SITEURL
RELATIVE_URLS = False
FEED_DOMAIN = SITEURL
# Drafts and scheduled articles are previewed at nhap/… by make serve, but never published: not
# written, so neither reachable by their address nor in the search index.
DRAFT_SAVE_AS = ""
DRAFT_PAGE_SAVE_AS = ""
# The search index is Pagefind's own, made from every page (make html patches it after an edit).
SEARCH_PATCH = False
# In publish mode every warning about content (NFD text, for example) must be fixed first.
EDITOR_WARNINGS_FATAL = True
# Unfinished content (sample articles and data, placeholder photos, "(điền …)", empty contact
# details) stops the build, naming each file and line. ALLOW_SAMPLES=1 in the environment
# (make publish ALLOW_SAMPLES=1) builds the demo as production would, for audits; never deploy it.
ALLOW_SAMPLES = os.environ.get("ALLOW_SAMPLES", "") not in ("", "0")
