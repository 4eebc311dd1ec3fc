"""Pure spatial-accessibility engine (FCA family, DREES APL). No Django here."""
