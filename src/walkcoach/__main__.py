from walkcoach.cli.app import main

main()
