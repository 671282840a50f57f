"""The command line: the window, and the routines, journal and desktop-entry commands.

Every command exits with EXIT_OK when it is done and EXIT_PROBLEM for a problem the person
can fix, told in one sentence.
"""

EXIT_OK = 0
EXIT_PROBLEM = 2
