"""Where each AssemblyAI region answers."""

from __future__ import annotations

REGIONS: dict[str, str] = {
    "us": "https://api.assemblyai.com",
    "eu": "https://api.eu.assemblyai.com",
}


def base_url_for(region: str = "us", base_url: str | None = None) -> str:
    """The API root: an explicit ``base_url`` wins over the region."""
    if base_url:
        return base_url.rstrip("/")
    try:
        return REGIONS[region]
    except KeyError:
        raise ValueError(
            f"unknown region {region!r}; choose one of: {', '.join(REGIONS)}"
        ) from None
