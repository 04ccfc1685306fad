"""Live evidence for each item of the self-assessment, computed from the modules' data.

One module per DfE area. Each evidence function takes an ``EvidenceContext`` and returns
``Line``s: short sentences of fact ("The designated safeguarding lead was trained face to face
on 12 March 2026"), each with a tone and, where there is one, a link to the records behind it
and the permission needed to follow it. Lines hold no personal data: counts, dates, titles of
policies or events, never a person's name, and concern counts are protected as everywhere
outside the safeguarding team (1 to 4 is "fewer than 5").
"""
