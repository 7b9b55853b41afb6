"""Object detection with the torch-free YOLO runner: find the people in a street photo.

The default model (COCO YOLO11n kept to its 'person' class) detects PEOPLE; labels=None (or
model="yolo11n-coco") returns all 80 COCO classes. Any YOLO .onnx file works too:
tz.load("detection", model="my_model.onnx").
"""

import sys

import taskzoo as tz
from taskzoo.weights import WheelFile

# a photo: the path given on the command line, else Ultralytics' sample bus.jpg (from its wheel)
photo = sys.argv[1] if len(sys.argv) > 1 else WheelFile(
    requirement="ultralytics==8.4.190", member="ultralytics/assets/bus.jpg").locate()

found = tz.detect(photo)
print(f"{len(found)} people in a {found.width}×{found.height} picture")
for box in found:
    corners = f"({box.x1:.0f}, {box.y1:.0f}) – ({box.x2:.0f}, {box.y2:.0f})"
    print(f"  {box.label:6} {box.score:.2f}  {corners}")

sure = found.filter(min_score=0.5)
print(f"{len(sure)} with a score of at least 0.5")
everything = tz.detect(photo, labels=None)     # all COCO classes: the bus too
print("all classes:", ", ".join(f"{b.label} {b.score:.2f}" for b in everything))
found.draw("detections.jpg")          # the photo with labelled boxes
found.crop(0).save("person0.jpg")     # the best box's pixels
print("wrote detections.jpg and person0.jpg")
