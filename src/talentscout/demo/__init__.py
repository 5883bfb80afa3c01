"""Demo data: a realistic, deterministic talent pool written as the files real sources export.

``generate_demo_files`` writes the files ``make demo`` imports; ``users`` defines the demo team.
"""

from talentscout.demo.generate import DemoFile, generate_demo_files

__all__ = ["DemoFile", "generate_demo_files"]
