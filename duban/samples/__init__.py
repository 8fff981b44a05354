"""Sample reports that ship with duban (``duban demo``): fictional reports of 云溪县, written for duban.

Regenerate with ``scripts/make_samples.py`` from ``scripts/sample_sources/``; this file only makes the folder a
package so the samples are installed with duban.
"""
