"""Writers: each turns Questions into one output format and knows nothing of templates or the engine.

Every file format (pdf, html, md, anki, json) is a module with the one `write` of registry.py,
listed there by name; terminal.py and svg.py are the views the others and the quiz share.
"""
