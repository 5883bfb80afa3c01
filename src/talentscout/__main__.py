from talentscout.cli import main

main()
