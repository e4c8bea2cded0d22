"""`talkbot fetch`: a conference's published program (pretalx) or recordings (pyvideo.org),
downloaded into the data directory in the layouts the readers in bot/records/ recognise."""
