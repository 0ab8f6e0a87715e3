from fakewoot.cli import main

if __name__ == "__main__":  # a spawned child (the delivery process) imports this as __mp_main__
    raise SystemExit(main())
