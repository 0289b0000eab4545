"""The live newsroom view (``khabar view``): a read-only web page of Khabar's output topics.

``store`` is the pure part (the bounded window of articles, their republications, the
events and the figures drawn); ``follower`` reads the topics into it; ``server`` serves
the page from ``static/`` and pushes changes with server-sent events.
"""
