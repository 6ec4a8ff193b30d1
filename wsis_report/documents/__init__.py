"""From checked facts to a Word document, in memory.

``context`` (facts + stage -> what a template sees), ``style`` (UN house style as filters),
``templates`` (the sandbox and the checks), ``render`` (docxtpl), ``charts`` (Pillow),
``words`` (the UN word count), ``output`` (reproducible, atomic writing). Uses the facts of
``inputs``; nothing else of the package.
"""
