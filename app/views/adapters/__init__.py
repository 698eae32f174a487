"""Adapters from the services' own APIs to the small protocols of `app/views/context.py`.

They translate shapes (the draft into the services' inputs, their records into what a
screen shows) and add no rule of their own: every decision comes from the service called.
"""
