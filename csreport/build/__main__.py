import sys

from csreport.build.execute import main

sys.exit(main())
