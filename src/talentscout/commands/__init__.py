"""CLI command groups, one module per area; ``talentscout.cli`` registers them."""
