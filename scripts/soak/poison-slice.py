"""Turns one slice of a synthetic series into a poison slice on which GDCM abort()s (gdcmJPEGCodec.cxx:259).

Usage: /usr/bin/python3 poison-slice.py SOURCE TARGET
SOURCE is a real JPEG-lossless CT file (NEMA WG04 JPLL__CT1_JPLL); TARGET, a slice of the series, is rewritten in place.
The source's JPEG-lossless pixel data and pixel module stay; everything else (UIDs, patient, position, spacing) is the
target slice's; then BitsAllocated 32, which GDCM's JPEG codec asserts on. Used by scripts/soak.sh and scripts/chaos.sh.
"""
import sys

import pydicom
from pydicom.tag import Tag

source, target = sys.argv[1:3]
ds, slice_ = pydicom.dcmread(source), pydicom.dcmread(target)
from_slice = {Tag(0x00280030), Tag(0x00281052), Tag(0x00281053)}  # PixelSpacing, RescaleIntercept, RescaleSlope
keep = {e.tag for e in ds if e.tag.group == 0x0028 and e.tag not in from_slice} | {Tag(0x7FE00010)}
for e in list(ds):
    if e.tag not in keep:
        del ds[e.tag]
for e in slice_:
    if e.tag not in keep and (e.tag.group != 0x0028 or e.tag in from_slice):
        ds[e.tag] = e
ds.file_meta.MediaStorageSOPInstanceUID = slice_.SOPInstanceUID
ds.BitsAllocated = 32
ds.save_as(target, write_like_original=False)
