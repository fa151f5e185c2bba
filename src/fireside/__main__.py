from fireside.cli import main

main()
