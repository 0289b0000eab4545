"""Regenerate ``pipeline/extract/data/cldr_places.json`` from the CLDR Persian names
shipped with babel: countries, world regions and time-zone exemplar cities.

Run once when babel's CLDR changes; Khabar reads the JSON at run time, so babel is
not a runtime dependency:  .venv/bin/python bench/extract_build_places.py
"""

from __future__ import annotations

import json
from pathlib import Path

from babel import Locale

OUT = Path(__file__).resolve().parents[1] / "pipeline/extract/data/cldr_places.json"

# Territory codes that are not places («جهان», unions, pseudo-locales), or whose
# CLDR name clashes with a better one (019 «امریکا» is the Americas, not the USA).
SKIP_TERRITORIES = {"001", "019", "EU", "EZ", "UN", "QO", "XA", "XB", "ZZ"}
# Compass-point regions («غرب آسیا»): the continent alone is the place a reader means.
SKIP_TERRITORIES |= {"011", "013", "014", "015", "017", "018", "030", "034", "035", "039"}
SKIP_TERRITORIES |= {"143", "145", "151", "154", "155", "202"}
# Countries whose Persian name is mostly a common word: «مالی» (financial), «مالت» (malt).
SKIP_TERRITORIES |= {"ML", "MT"}
# Exemplar cities that are mostly common Persian words: Monday, bag, thrown, malt…
SKIP_CITIES = {"دوشنبه", "کیف", "پرت", "مالت", "بلم", "رم", "قناری", "کریسمس", "الجزیره",
               "چوک", "فارو", "خوود", "کانتون", "سنت جان", "بازنگن", "پانپی"}  # fmt: skip


def main() -> None:
    locale = Locale("fa")
    countries = sorted(
        name for code, name in locale.territories.items() if code not in SKIP_TERRITORIES
    )
    cities = sorted(
        {
            zone["city"]
            for zone in locale.time_zones.values()
            if zone.get("city") and zone["city"] not in SKIP_CITIES
        }
    )
    OUT.write_text(
        json.dumps({"territories": countries, "cities": cities}, ensure_ascii=False, indent=0)
        + "\n",
        encoding="utf-8",
    )
    print(f"{len(countries)} territories, {len(cities)} cities → {OUT}")


if __name__ == "__main__":
    main()
