"""integrity: check news articles for undisclosed AI images, unsourced claims and missing credits.

    >>> import integrity
    >>> report = integrity.check("<p>Experts say it will rain.</p>")
    >>> [f.rule_id for f in report.findings]
    ['claim/vague-source', 'credit/missing-byline']
    >>> integrity.to_json(report).startswith('{')
    True
"""

from __future__ import annotations

__version__ = "0.2.0"

from .api import (  # noqa: E402
    acheck,
    check,
    check_file,
    checker,
    inspect_image,
    rule_list,
    to_html,
    to_json,
    to_markdown,
    to_sarif,
)
from .config import Config, ConfigError, load_config  # noqa: E402
from .model import Finding, ImageReport, Report, Run, Span, VideoReport  # noqa: E402
from .ruledata.yaml_lines import RuleFileError  # noqa: E402

__all__ = [
    "Config", "ConfigError", "Finding", "Report", "RuleFileError", "Run", "Span",
    "__version__", "check", "check_file", "checker", "load_config",
    "ImageReport", "VideoReport", "acheck", "inspect_image", "rule_list",
    "to_html", "to_json", "to_markdown", "to_sarif",
]
