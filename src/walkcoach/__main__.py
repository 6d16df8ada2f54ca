from walkcoach.cli import main

main()
