from bench.load import main

main()
