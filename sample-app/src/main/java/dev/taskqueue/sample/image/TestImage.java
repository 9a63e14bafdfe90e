package dev.taskqueue.sample.image;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;

/**
 * Draws a colourful test picture, so the demo works without an image at hand. Shapes
 * only: text would need fonts, which headless servers often lack.
 */
final class TestImage {

	static final int WIDTH = 1600;

	static final int HEIGHT = 1000;

	private TestImage() {
	}

	static BufferedImage create() {
		BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
		Graphics2D g = image.createGraphics();
		try {
			g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
			g.setPaint(new GradientPaint(0, 0, new Color(0x1e3a8a), WIDTH, HEIGHT, new Color(0x0ea5e9)));
			g.fillRect(0, 0, WIDTH, HEIGHT);
			g.setStroke(new BasicStroke(12));
			for (int i = 0; i < 12; i++) {
				float hue = i / 12f;
				g.setColor(Color.getHSBColor(hue, 0.7f, 1f));
				int size = 120 + 40 * (i % 4);
				int x = 60 + i * 125;
				int y = 120 + (int) (Math.sin(i / 2.0) * 250) + 250;
				if (i % 2 == 0) {
					g.fillOval(x, y, size, size);
				}
				else {
					g.drawRect(x, y, size, size);
				}
			}
		}
		finally {
			g.dispose();
		}
		return image;
	}

}
