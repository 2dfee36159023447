import gc
import sys

gc.disable()  # start-up makes objects that live on, not garbage; main() collects again (the app: after its first frame)

from jixiao.cli import main

if __name__ == "__main__":
    sys.exit(main())
