"""Draw the app icon (a red seal with 台账) as ipledger.png and the Windows ipledger.ico.

Run once after changing the design: `python ui/icons/make_icon.py` (needs Pillow; not a runtime dependency).
"""
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

HERE = Path(__file__).resolve().parent
FONT = HERE.parent.parent / "reports" / "fonts" / "wqy-microhei.ttc"
RED = (196, 30, 36, 255)
SIZE = 512


def draw() -> Image.Image:
    image = Image.new("RGBA", (SIZE, SIZE), (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)
    pen.rounded_rectangle((16, 16, SIZE - 16, SIZE - 16), radius=72, fill=RED)
    pen.rounded_rectangle((52, 52, SIZE - 52, SIZE - 52), radius=44, outline=(255, 255, 255, 255), width=18)
    font = ImageFont.truetype(str(FONT), 168)
    cell, gap = 160, 24  # two glyphs stacked in the frame, centred
    top = (SIZE - 2 * cell - gap) // 2
    for index, char in enumerate("台账"):
        box = pen.textbbox((0, 0), char, font=font, stroke_width=5)
        width, height = box[2] - box[0], box[3] - box[1]
        x = (SIZE - width) // 2 - box[0]
        y = top + index * (cell + gap) + (cell - height) // 2 - box[1]
        pen.text((x, y), char, font=font, fill=(255, 255, 255, 255), stroke_width=5, stroke_fill=(255, 255, 255, 255))
    return image


if __name__ == "__main__":
    image = draw()
    image.resize((256, 256), Image.LANCZOS).save(HERE / "ipledger.png")
    image.save(HERE / "ipledger.ico", sizes=[(16, 16), (24, 24), (32, 32), (48, 48), (64, 64), (128, 128), (256, 256)])
