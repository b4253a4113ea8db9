"""Text preparation: length-preserving normalisation and sentence segmentation."""
